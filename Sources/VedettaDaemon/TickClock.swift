import Logging
import VedettaCore

/// Filters the wall-clock instants the correlation loop ticks the engine with, so that an NTP step cannot move
/// engine time backwards.
///
/// The engine runs on event time; wall-clock ticks only let quiet periods end (a window closes, an incident
/// resolves) when no events arrive. Defined behaviour on a clock step:
/// - backwards: ticks are skipped (logged once per step) until the wall clock passes the last tick again;
///   events keep flowing and keep advancing event time meanwhile.
/// - forwards by more than `jumpThreshold`: the tick is taken (the new time is the corrected one) and logged,
///   since quiet windows may close at once.
public struct TickClock: Sendable {
    /// Largest forward step between two ticks that is not reported as a clock jump.
    public let jumpThreshold: Timestamp.Duration
    /// The last instant handed to the engine.
    public private(set) var lastTick: Timestamp?
    private var holdingBack = false

    /// A filter reporting forward steps larger than `jumpThreshold`.
    public init(jumpThreshold: Timestamp.Duration) {
        self.jumpThreshold = jumpThreshold
    }

    /// The instant to tick the engine with, or nil to skip this tick.
    public mutating func admit(_ now: Timestamp, logger: Logger) -> Timestamp? {
        guard let last = lastTick else {
            lastTick = now
            return now
        }
        if now < last {
            if !holdingBack {
                logger.warning(
                    "wall clock moved backwards; engine ticks are skipped until it passes the last tick again",
                    metadata: ["last-tick": "\(last.rfc3339)", "wall-clock": "\(now.rfc3339)",
                               "step-ms": "\(last.milliseconds - now.milliseconds)"])
                holdingBack = true
            }
            return nil
        }
        if holdingBack {
            logger.notice("wall clock caught up with the last tick; engine ticks resumed",
                          metadata: ["wall-clock": "\(now.rfc3339)"])
            holdingBack = false
        }
        if now.milliseconds - last.milliseconds > jumpThreshold.milliseconds {
            logger.warning("wall clock jumped forwards; ticking the engine to the new time",
                           metadata: ["last-tick": "\(last.rfc3339)", "wall-clock": "\(now.rfc3339)",
                                      "step-ms": "\(now.milliseconds - last.milliseconds)"])
        }
        lastTick = now
        return now
    }
}
