import HandoverCore

/// Everything that reads outside input, fed the same bytes: body decoding (JSON and form), snapshot and handover
/// parsing, payload validation, and the CXone, Cognigy and Genesys document readers (with the evidence diagnosis reads). Each must end in a value or a typed
/// error; libFuzzer (scripts/fuzz) and FuzzTests report anything else.
enum FuzzInput {
    /// Returns how many readers accepted the input.
    static func exercise(_ bytes: [UInt8]) -> Int {
        var accepted = 0
        for mediaType in [BodyDecoder.MediaType.json, .form] {
            guard let fields = try? BodyDecoder().decodeObject(bytes, as: mediaType) else { continue }
            if let snapshot = try? Snapshot.parse(fields) {
                accepted += 1
                _ = snapshot.warnings
            }
            if let attempt = try? HandoverAttempt.parse(fields) {
                accepted += 1
                _ = PayloadValidator.validate(attempt).normalisedPayload.jsonText
            }
        }
        if (try? CXoneDocumentReader.read(bytes)) != nil { accepted += 1 }
        if (try? CognigyDocumentReader().read(bytes)) != nil { accepted += 1 }
        if let batch = try? GenesysDocumentReader.read(bytes) {
            accepted += 1
            for conversation in batch.conversations {
                _ = (conversation.agentAnswer, conversation.abandonment, conversation.unansweredAlerts, conversation.errorSegments)
            }
        }
        return accepted
    }
}

#if FUZZING
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// libFuzzer's entry point, called once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = FuzzInput.exercise(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// Under libFuzzer (scripts/fuzz): SwiftPM links an executable's own `main`, so it hands over to libFuzzer's
/// driver, which reads libFuzzer's options.
@main
struct Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
    }
}
#else
import Foundation

/// Without the fuzzer: runs the files given (a corpus, a crash libFuzzer saved) through the same readers, so a
/// finding can be replayed in an ordinary build and debugger.
@main
struct Replay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            print("\(path): \(FuzzInput.exercise(bytes)) readers accepted it")
        }
    }
}
#endif
