import ArgumentParser

@main
struct HandoverTrace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover-trace",
        abstract: "Record Cognigy.AI bot sessions and handover payloads, and find out why handovers to NICE CXone fail.",
        discussion: """
            Start the webhook server with `handover-trace serve`, point a Cognigy HTTP Request node at
            POST /v1/snapshots and POST /v1/handovers, and every step and handover payload is stored in SQLite.
            `handover-trace validate` judges a handover payload on the command line.
            """,
        subcommands: [ServeCommand.self, ValidateCommand.self]
    )
}

/// A failure the user can act on: printed as one line, exit status 1 unless told otherwise.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
