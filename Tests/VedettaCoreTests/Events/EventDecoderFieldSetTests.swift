import Testing
@testable import VedettaCore

@Suite struct EventDecoderFieldSetTests {
    func index(_ name: String) -> Int? {
        var name = name
        return name.withUTF8 { EventDecoder.FieldSet.index(of: $0) }
    }

    @Test func everyKnownNameFindsItsField() {
        for (k, name) in EventDecoder.FieldSet.names.enumerated() { #expect(index(name) == k, "\(name)") }
    }

    /// Names that share a known name's length and leading bytes are not taken for it.
    @Test(arguments: ["label", "ix", "ad", "tyoe", "texx", "queues", "tickets", "offics", "regio", "channe1",
                      "servicE", "subjecT", "categorY", "priorit", "requesteR", "resolutioN", "requesterkind",
                      "Ticket", "", "i", "idx", "serviceX"])
    func otherNamesAreIgnored(name: String) {
        #expect(index(name) == nil)
    }
}
