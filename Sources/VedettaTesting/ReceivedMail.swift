import Foundation

/// One mail the sink saved: the raw bytes and what Python's `email` package parsed from them.
public struct ReceivedMail: Sendable {
    /// `run-N/NNNN` of the sink.
    public var name: String
    /// The bytes as received (dot-stuffing undone).
    public var raw: [UInt8]
    /// SMTP envelope sender.
    public var mailFrom: String
    /// SMTP envelope recipients.
    public var recipients: [String]
    /// Decoded Subject.
    public var subject: String?
    /// Message-ID header.
    public var messageID: String?
    /// In-Reply-To header.
    public var inReplyTo: String?
    /// References header.
    public var references: String?
    /// Top-level content type, e.g. `multipart/alternative`.
    public var contentType: String
    /// Decoded text/plain part.
    public var text: String?
    /// Decoded text/html part.
    public var html: String?
    /// Parser defects (empty for a well-formed message).
    public var defects: [String]

    /// Reads every `run-*/NNNN.json` sidecar (with its `.eml`) under `root`, in (run, number) order.
    public static func all(in root: String) throws -> [ReceivedMail] {
        let fm = FileManager.default
        let runs = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasPrefix("run-") }
            .sorted { (Int($0.dropFirst(4)) ?? 0) < (Int($1.dropFirst(4)) ?? 0) }
        var mails: [ReceivedMail] = []
        for run in runs {
            let folder = root + "/" + run
            let names = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            for name in names {
                let stem = String(name.dropLast(5))
                let sidecar = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
                let raw = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + stem + ".eml"))
                guard let object = try JSONSerialization.jsonObject(with: sidecar) as? [String: Any],
                      let parsed = object["parsed"] as? [String: Any]
                else { throw DaemonProcessError(message: "\(folder)/\(name): not a sink sidecar") }
                mails.append(ReceivedMail(
                    name: run + "/" + stem, raw: Array(raw), mailFrom: object["mailFrom"] as? String ?? "",
                    recipients: object["rcptTos"] as? [String] ?? [], subject: parsed["subject"] as? String,
                    messageID: parsed["messageID"] as? String, inReplyTo: parsed["inReplyTo"] as? String,
                    references: parsed["references"] as? String, contentType: parsed["contentType"] as? String ?? "",
                    text: parsed["text"] as? String, html: parsed["html"] as? String,
                    defects: parsed["defects"] as? [String] ?? []))
            }
        }
        return mails
    }
}
