import Foundation
import HandoverCore
import Testing

@testable import HandoverFuzz

/// A deterministic generator, so a failing input can be found again from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Mutation fuzzing of everything that reads outside input (`FuzzInput`, which scripts/fuzz runs under libFuzzer
/// for longer). Each input must end in a value or a typed error: a crash or a hang fails the run.
@Suite("Fuzz: mutated bodies never crash or hang the decoders")
struct FuzzTests {
    /// 60,000 inputs in all by default; HANDOVER_FUZZ_INPUTS=200000 swift test --filter FuzzTests for a longer run.
    static let inputsPerSeed = Int(ProcessInfo.processInfo.environment["HANDOVER_FUZZ_INPUTS"] ?? "") ?? 10_000

    static let seeds: [String] = [
        #"{"sessionId":"b7a4e1c2","contactId":"700000001","confidence":0.82,"timestamp":"2026-11-24T10:15:00.120Z","context":{"data":{"spawnedContactId":700000002},"list":[1,2.5,-3e2,true,null]}}"#,
        #"{"sessionId":"s","payload":{"externalContactId":"700000002","queueId":"4301","transferType":"blind","metadata":{"botSessionId":"s","intent":"x","confidence":"0.9"}},"outcome":{"handover":{"status":"error"}}}"#,
        #"{"_cognigy":{"_niceCXOne":{"json":{"text":"","data":{"Intent":"Escalate","Params":"4301|s"},"action":"AGENT_TRANSFER"}}}}"#,
        "sessionId=s&label=Ask+for+agent&confidence=0.9&context=%7B%22data%22%3A%7B%22contactId%22%3A%221%22%7D%7D&data[lang]=en&data[a][b]=c",
        #"{"completedContacts":[{"contactId":1,"masterContactId":"1","contactStartDate":"2026-11-24T10:00:00Z","abandoned":"true","inQueueSeconds":"00:01:02"}]}"#,
        #"{"contactStateHistory":[{"stateIndex":"1","contactId":1,"contactStateName":"In Queue","startDate":"2026-11-24T10:00:00+01:00","duration":"12.5"}]}"#,
    ]

    static let tokens = [
        "{", "}", "[", "]", "\"", "\\", "\\u0000", "\\ud800", ":", ",", "1e999", "-", "0.", "{{x}}", "%", "%2", "&", "=",
        "[]", "null", "true", "\u{0}", "\u{FF}", "é", "🙂", "\n", "99999999999999999999",
    ]

    static func mutate(_ seed: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.insert(contentsOf: Array(tokens.randomElement(using: &random)!.utf8), at: position)
            case 2 where !bytes.isEmpty: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
            case 3: bytes = Array(bytes.prefix(position))
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...32, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            }
        }
        return bytes
    }

    static func exercise(_ bytes: [UInt8]) -> Int { FuzzInput.exercise(bytes) }

    @Test(arguments: seeds.indices)
    func mutatedInputsEndInAValueOrATypedError(_ seedIndex: Int) {
        var random = SplitMix64(state: UInt64(seedIndex) &* 7919 &+ 1)
        let seed = Array(Self.seeds[seedIndex].utf8)
        #expect(Self.exercise(seed) > 0, "the unmutated seed is accepted")
        var accepted = 0
        for _ in 0..<Self.inputsPerSeed {
            accepted += Self.exercise(Self.mutate(seed, &random)) > 0 ? 1 : 0
        }
        // Both outcomes must occur, or the mutations are not reaching past the first check.
        #expect(accepted > 0 && accepted < Self.inputsPerSeed, "\(accepted) of \(Self.inputsPerSeed) mutated inputs accepted")
    }
}
