import Foundation
import VedettaCore
import Yams

/// Loads and validates a `rules/` folder: `offices.yaml` and `services.yaml` (required), `routes.yaml`,
/// `notices.yaml`, `calendar.yaml` (optional; absent means empty).
///
/// Every problem is collected, not only the first, each with file, line and column, so that one run of
/// `vedetta rules check` shows everything to fix. The result is all or nothing: a reload swaps in a rule set
/// only when it has no error at all.
public enum RulesLoader {
    /// The files of a rules folder, in reporting order.
    public static let fileNames = ["offices.yaml", "services.yaml", "routes.yaml", "notices.yaml", "calendar.yaml"]
    /// The files that must exist.
    public static let requiredFiles: Set<String> = ["offices.yaml", "services.yaml"]

    /// Reads the folder at `directory`.
    public static func load(directory: String) -> Result<RuleSet, RulesErrors> {
        var sources: [String: [UInt8]] = [:]
        var ioErrors: [RuleError] = []
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        for name in fileNames {
            let path = base + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
                ioErrors.append(RuleError(code: .io, file: name, line: 1, column: 1,
                                          message: "cannot read `\(path)`"))
                continue
            }
            sources[name] = [UInt8](data)
        }
        return load(sources: sources, extraErrors: ioErrors)
    }

    /// Loads rules from file contents keyed by file name (`offices.yaml`, …); a missing key is a missing file.
    public static func load(sources: [String: [UInt8]]) -> Result<RuleSet, RulesErrors> {
        load(sources: sources, extraErrors: [])
    }

    /// Same as `load(sources:)` with UTF-8 text.
    public static func load(texts: [String: String]) -> Result<RuleSet, RulesErrors> {
        load(sources: texts.mapValues { Array($0.utf8) }, extraErrors: [])
    }

    static func load(sources: [String: [UInt8]], extraErrors: [RuleError]) -> Result<RuleSet, RulesErrors> {
        var errors = extraErrors
        var parsed = ParsedRules()
        var readers: [NodeReader] = []

        func document(_ name: String) -> (NodeReader, Node?) {
            let reader = NodeReader(file: name)
            readers.append(reader)
            guard let bytes = sources[name] else {
                if requiredFiles.contains(name), !errors.contains(where: { $0.file == name }) {
                    reader.report(.io, at: .start, "required file `\(name)` is missing")
                }
                return (reader, nil)
            }
            switch YAMLSource.parse(bytes, file: name) {
            case let .document(node):
                return (reader, node)
            case .empty:
                if requiredFiles.contains(name) {
                    reader.report(.missingKey, at: .start,
                                  "`\(name)` is empty; it must define `\(name.dropLast(5))`")
                }
                return (reader, nil)
            case let .failed(error):
                errors.append(error)
                return (reader, nil)
            }
        }

        let (officeReader, officeRoot) = document("offices.yaml")
        if let officeRoot {
            parsed.offices = parseOffices(officeRoot, officeReader)
            parsed.officesParsed = true
        }
        let (serviceReader, serviceRoot) = document("services.yaml")
        if let serviceRoot {
            parsed.services = parseServices(serviceRoot, serviceReader)
            parsed.servicesParsed = true
        }
        let (routeReader, routeRoot) = document("routes.yaml")
        if let routeRoot { parsed.route = parseRoutes(routeRoot, routeReader) }
        let (noticeReader, noticeRoot) = document("notices.yaml")
        if let noticeRoot { parsed.notices = parseNotices(noticeRoot, noticeReader) }
        let (calendarReader, calendarRoot) = document("calendar.yaml")
        if let calendarRoot { parsed.peaks = parsePeaks(calendarRoot, calendarReader) }

        RulesValidator(parsed: parsed, offices: officeReader, services: serviceReader, routes: routeReader,
                       notices: noticeReader, calendar: calendarReader).validate()

        errors += readers.flatMap(\.errors)
        guard errors.isEmpty else { return .failure(RulesErrors(errors: sorted(errors))) }
        let rules = RuleSet(
            offices: parsed.offices.map(\.office), services: parsed.services.map(\.service),
            route: parsed.route?.build() ?? RouteNode(), notices: parsed.notices.map(\.notice),
            peaks: parsed.peaks.map(\.peak))
        return .success(rules)
    }

    /// File order, then position; messages break ties so that the order never depends on check order.
    static func sorted(_ errors: [RuleError]) -> [RuleError] {
        func rank(_ file: String) -> Int { fileNames.firstIndex(of: file) ?? fileNames.count }
        return errors.sorted {
            (rank($0.file), $0.file, $0.line, $0.column, $0.message) < (rank($1.file), $1.file, $1.line, $1.column, $1.message)
        }
    }
}
