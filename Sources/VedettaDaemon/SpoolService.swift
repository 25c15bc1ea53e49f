import Foundation
import Logging
import ServiceLifecycle
import VedettaIngest

/// Polls the spool folder and ingests ready files; stops taking new files on graceful shutdown (a file in
/// progress finishes its current batch and stays in `incoming/` if it was not done, to be re-read next start).
public struct SpoolService: ServiceLifecycle.Service {
    let source: SpoolDirectorySource
    let interval: Duration
    let logger: Logger

    /// Creates the service.
    public init(source: SpoolDirectorySource, interval: Duration, logger: Logger) {
        self.source = source
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await source.scanOnce()
                // Cancellation (graceful shutdown) ends the sleep early; that is the normal way out.
                try? await Task.sleep(for: interval)
            }
        }
    }
}
