import ArgumentParser

@main
struct HandoverTrace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover-trace",
        abstract: "Record Cognigy.AI bot sessions and handover payloads, and find out why handovers to NICE CXone or Genesys Cloud fail.",
        discussion: HelpText.reflow(
            """
            Start the webhook server with `handover-trace serve`, point a Cognigy HTTP Request node at
            POST /v1/snapshots and POST /v1/handovers, and every step and handover payload is stored in SQLite.
            `handover-trace validate` judges a handover payload on the command line.

            Then bring in CXone's side (import-cxone for saved API responses, fetch-cxone for the live API) or Genesys
            Cloud's (import-genesys, fetch-genesys), and
            Cognigy's own history of every session (import-cognigy, fetch-cognigy: no flow change needed), and run
            `handover-trace report`: every session gets a diagnosis code and the action to take (see `codes`).
            `handover-trace doctor` checks the whole set-up, one line per check.
            New here? `handover-trace demo --db demo.sqlite && handover-trace report --db demo.sqlite`.

            Every command takes --db: a SQLite file (the default), or postgres://user:password@host/database so that
            several servers behind a load balancer share one database; `migrate-db` moves a SQLite file over.
            """),
        subcommands: [
            ServeCommand.self, ValidateCommand.self, ImportCXoneCommand.self, FetchCXoneCommand.self, ImportCognigyCommand.self,
            FetchCognigyCommand.self, ImportGenesysCommand.self, FetchGenesysCommand.self, ReportCommand.self, SessionCommand.self,
            PacketCommand.self, CodesCommand.self,
            DoctorCommand.self,
            DemoCommand.self, PurgeCommand.self, EraseCommand.self, MigrateDbCommand.self, ReferenceCommand.self,
        ]
    )
}

/// A failure the user can act on: printed as one line, exit status 1 unless told otherwise.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
