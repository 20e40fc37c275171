import Testing

@testable import HandoverStore

@Suite("One diagnosis refresh at a time per store")
struct SerialRefreshTests {
    actor Overlap {
        var running = 0
        var most = 0
        var finished = 0
        func enter() {
            running += 1
            most = max(most, running)
        }
        func leave() {
            running -= 1
            finished += 1
        }
    }

    @Test func concurrentCallersRunOneAfterAnotherAndEachRuns() async throws {
        let serial = SerialRefresh()
        let overlap = Overlap()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask {
                    try await serial.run {
                        await overlap.enter()
                        await Task.yield()
                        await overlap.leave()
                        return index
                    }
                }
            }
            var results: [Int] = []
            for try await result in group { results.append(result) }
            #expect(results.sorted() == Array(0..<6), "each caller gets its own refresh's result")
        }
        #expect(await overlap.most == 1, "never two at once")
        #expect(await overlap.finished == 6)
    }

    @Test func aFailedRefreshDoesNotStopTheNext() async throws {
        struct Broken: Error {}
        let serial = SerialRefresh()
        await #expect(throws: Broken.self) { try await serial.run { throw Broken() } }
        #expect(try await serial.run { 7 } == 7)
    }
}
