import Foundation

/// A finished command: exit status and what it wrote.
public struct CommandRun: Sendable {
    /// Exit status.
    public var status: Int32
    /// Standard output as UTF-8 (lossy).
    public var output: String
    /// Standard error as UTF-8 (lossy).
    public var errors: String

    /// Runs `executable` with `arguments` (optionally in `directory`) to its end, reading both pipes whole.
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> CommandRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Errors are read on another thread: a full stderr pipe would block the command while stdout is read.
        final class Collected: @unchecked Sendable { var data = Data() }
        let errorData = Collected()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errorData.data = err.fileHandleForReading.readDataToEndOfFile() }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandRun(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                          errors: String(decoding: errorData.data, as: UTF8.self))
    }
}
