import VedettaCore

/// An output format of `vedetta report` and of the scheduler.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    /// Self-contained HTML.
    case html
    /// CSV tables.
    case csv
    /// Markdown / plain-text digest.
    case md
    /// The `ReportData` as JSON.
    case json

    /// File extension.
    public var fileExtension: String { rawValue }

    /// Whether the words depend on the language (CSV headers and JSON keys do not).
    public var isLocalized: Bool { self == .html || self == .md }

    /// Renders `data`.
    public func render(_ data: ReportData, language: Language) throws -> String {
        switch self {
        case .html: HTMLReportRenderer(language: language).render(data)
        case .csv: CSVReportRenderer().render(data)
        case .md: MarkdownReportRenderer(language: language).render(data)
        case .json: try data.jsonText()
        }
    }
}
