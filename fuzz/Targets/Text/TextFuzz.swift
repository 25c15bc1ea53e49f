import VedettaCore

/// libFuzzer entry point for the text pipeline: `TextNormalizer().normalize` and `Redactor.redact` on any
/// UTF-8 (invalid sequences become U+FFFD, as they do at ingest).
///
/// Checks: no crash; normalising is deterministic; redaction is idempotent (a redacted text holds no more
/// personal data to find) and never grows a text without markers to insert.
@_cdecl("LLVMFuzzerTestOneInput")
public func textFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let normalizer = TextNormalizer()
    let first = normalizer.normalize(text)
    let second = normalizer.normalize(text)
    if first != second { fatalError("normalize is not deterministic for \(text.debugDescription)") }

    let redacted = Redactor.redact(text)
    let twice = Redactor.redact(redacted)
    if twice != redacted {
        fatalError("redact is not idempotent:\n\(text.debugDescription)\n\(redacted.debugDescription)\n\(twice.debugDescription)")
    }
    // Bytes, not Characters: a Prepend scalar (U+0605 ARABIC NUMBER MARK ABOVE) before a marker makes "؅[" one
    // grapheme cluster, so `contains("[")` misses a marker that is there.
    if !redacted.utf8.contains(UInt8(ascii: "[")), redacted != text {
        fatalError("redact changed a text without inserting a marker: \(text.debugDescription)")
    }
    return 0
}
