import Foundation
import VedettaCore

extension Timestamp {
    /// The wall clock, for the shell only (the engine never calls this).
    public static func wallClock() -> Timestamp {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
