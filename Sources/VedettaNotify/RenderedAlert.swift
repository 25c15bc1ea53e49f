/// One alert rendered for people in the office's language.
public struct RenderedAlert: Hashable, Sendable {
    /// The mail subject.
    public var subject: String
    /// The mail's text part.
    public var text: String
    /// The mail's HTML part (inline styles, no external resources).
    public var html: String
    /// The readable `.txt` beside the alert's `.json` file.
    public var fileText: String

    /// Creates a rendering.
    public init(subject: String, text: String, html: String, fileText: String) {
        self.subject = subject
        self.text = text
        self.html = html
        self.fileText = fileText
    }
}
