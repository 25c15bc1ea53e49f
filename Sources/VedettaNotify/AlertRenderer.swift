import Foundation
import Mustache
import VedettaCore

/// Renders alerts and digests for people with the Mustache templates of `Templates/` (one set per language,
/// chosen by the office's locale): the mail subject, text and HTML parts, and the `.txt` of alert files.
///
/// Rendering is a pure function of its input: quoted reports go through `Redactor.redact`, times are shown in
/// Europe/Rome local time, and nothing reads the clock.
public struct AlertRenderer: Sendable {
    private let library: MustacheLibrary

    /// The template names every language must provide.
    static let templateNames = [
        "subject", "body_txt", "mail_txt", "alert_txt", "mail_html",
        "digest_subject", "digest_txt", "digest_html",
    ]

    /// Loads the templates from `directory` (default: the module's `Templates` resource folder).
    public init(templatesDirectory directory: String? = nil) throws(NotifyError) {
        guard let folder = directory ?? Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw NotifyError(.template, "The Templates resource folder of VedettaNotify cannot be found.")
        }
        var library = MustacheLibrary()
        for language in ["it", "en"] {
            for name in Self.templateNames {
                let file = folder + "/\(language)_\(name).mustache"
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw NotifyError(.template, "The template \(file) is missing or unreadable.")
                }
                do {
                    try library.register(String(decoding: data, as: UTF8.self), named: "\(language)_\(name)")
                } catch {
                    throw NotifyError(.template, "The template \(file) does not parse: \(error).")
                }
            }
        }
        self.library = library
    }

    /// The alert in the language of `context.office`.
    public func render(_ context: AlertContext) -> RenderedAlert {
        let prefix = Self.prefix(context.office.locale)
        let view = AlertView(context: context).dictionary
        return RenderedAlert(
            subject: Self.oneLine(render(view, prefix + "subject")),
            text: render(view, prefix + "mail_txt"),
            html: render(view, prefix + "mail_html"),
            fileText: render(view, prefix + "alert_txt"))
    }

    /// A digest mail listing `items` for `office` (subject, text, HTML), sent at `at`.
    public func renderDigest(_ items: [DigestItem], office: Office, at: Timestamp) -> (subject: String, text: String, html: String) {
        let prefix = Self.prefix(office.locale)
        let view = AlertView.digest(items, office: office, at: at)
        return (Self.oneLine(render(view, prefix + "digest_subject")), render(view, prefix + "digest_txt"),
                render(view, prefix + "digest_html"))
    }

    private func render(_ view: [String: Any], _ name: String) -> String {
        // Every name is checked at init, so a nil here would be a bug in this file, not a user error.
        library.render(view, withTemplate: name) ?? ""
    }

    private static func prefix(_ language: Language) -> String { language == .english ? "en_" : "it_" }

    /// Subjects come from a template file that ends with a newline; a header must be one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
