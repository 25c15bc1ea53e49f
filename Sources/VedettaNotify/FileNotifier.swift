import Foundation
import VedettaCore
import VedettaStore

/// Writes alert files: `<alertsRoot>/<office folder>/<UTC time>-<incident>-<revision>-<state>.json` and the
/// readable `.txt` beside it, each atomically (temporary name, fsync, rename), the `.txt` first so that a
/// reader who sees the `.json` finds its rendering too.
///
/// Idempotent: the name and bytes depend only on the revision, the delivery and the office, so writing the same
/// outbox row again (a retry, a restart after a crash) rewrites the same bytes at the same path.
public struct FileNotifier: Sendable {
    /// The alerts root, usually `<state-dir>/alerts`.
    public let alertsRoot: String
    private let renderer: AlertRenderer

    /// A notifier writing under `alertsRoot` with `renderer`.
    public init(alertsRoot: String, renderer: AlertRenderer) {
        self.alertsRoot = alertsRoot.hasSuffix("/") ? String(alertsRoot.dropLast()) : alertsRoot
        self.renderer = renderer
    }

    /// The file name stem of a revision delivered to an office (no folder, no extension).
    public static func fileStem(incident: Incident, delivery: Delivery) -> String {
        incident.updatedAt.compactUTC + "-" + incident.id + "-" + String(incident.revision) + "-"
            + incident.state.rawValue + (delivery.escalation ? "-esc" : "")
    }

    /// The path of the `.json` file of `context`.
    public func jsonPath(for context: AlertContext) -> String {
        alertsRoot + "/" + context.office.alertFolder + "/"
            + Self.fileStem(incident: context.incident, delivery: context.delivery) + ".json"
    }

    /// Writes both files of `context` and returns the `.json` path.
    @discardableResult
    public func write(key: String, context: AlertContext) throws(NotifyError) -> String {
        let path = jsonPath(for: context)
        let folder = (path as NSString).deletingLastPathComponent
        let textPath = String(path.dropLast(5)) + ".txt"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let json = try AlertDocument(key: key, context: context).encoded()
            let text = renderer.render(context).fileText
            try AtomicFile.write(Array(text.utf8), to: textPath)
            try AtomicFile.write(json, to: path)
        } catch {
            throw NotifyError(.fileWrite, "The alert file \(path) for outbox row \(key) could not be written: \(error).")
        }
        return path
    }
}
