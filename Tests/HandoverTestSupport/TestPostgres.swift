import Foundation
import HandoverPostgres
import HandoverStore

/// A real PostgreSQL from Debian's `postgresql` package, started once per test process on loopback: `initdb` into a
/// temporary folder (as the `postgres` user when the tests run as root, since PostgreSQL refuses root), a port the
/// OS picked, and stopped and deleted when the process exits. Each test gets a database of its own.
public enum TestPostgres {
    public struct Server: Sendable {
        let folder: URL
        let bin: URL
        public let port: Int
    }

    /// The running server, or why there is none (then PostgreSQL tests are skipped and say so).
    public static let server: Result<Server, Unavailable> = start()

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    public static var isAvailable: Bool { (try? server.get()) != nil }

    public static var unavailableReason: String {
        if case .failure(let reason) = server { return "PostgreSQL tests skipped: \(reason)" }
        return ""
    }

    /// Creates an empty database, runs `body` with its URL, and drops it whatever happens.
    public static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        try await withDatabase(copying: nil, body)
    }

    /// Opens a PostgresStore on a fresh copy of the migrated template, runs `body`, closes the store and drops the
    /// database. The store still runs its migrator, which finds nothing to do; migrating from nothing is tested on
    /// `withDatabase`.
    public static func withStore<T>(
        metrics: StoreMetrics = StoreMetrics(), writeDeadline: Duration = .seconds(5), _ body: (PostgresStore, String) async throws -> T
    ) async throws -> T {
        try await withDatabase(copying: try await migratedTemplate.value) { url in
            let store = try await PostgresStore(url: url, metrics: metrics, writeDeadline: writeDeadline)
            return try await store.running { try await body(store, url) }
        }
    }

    /// A database every migration has been applied to, made once per test process: dozens of suites migrating
    /// databases of their own at once kept the test server busy for longer than a test should wait.
    private static let migratedTemplate = Task<String, any Error> {
        let server = try TestPostgres.server.get()
        let name = "migrated_template"
        try await server.runOffPool("createdb", ["-h", "127.0.0.1", "-p", "\(server.port)", "-U", "handover", name])
        _ = try await PostgresStore(url: server.url(name))
        return name
    }

    private static func withDatabase<T>(copying template: String?, _ body: (String) async throws -> T) async throws -> T {
        let server = try server.get()
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let connection = ["-h", "127.0.0.1", "-p", "\(server.port)", "-U", "handover"]
        try await server.runOffPool("createdb", connection + (template.map { ["-T", $0] } ?? []) + [name])
        let drop = { try? await server.runOffPool("dropdb", ["--force"] + connection + [name]) }
        do {
            let result = try await body(server.url(name))
            await drop()
            return result
        } catch {
            await drop()
            throw error
        }
    }

    private static func start() -> Result<Server, Unavailable> {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).max() else {
            return .failure(Unavailable(description: "no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)"))
        }
        let bin = URL(fileURLWithPath: "/usr/lib/postgresql/\(version)/bin")
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("handover-trace-pg-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o777])
            let server = Server(folder: folder, bin: bin, port: try freePort())
            let data = folder.appendingPathComponent("data").path
            try server.run("initdb", ["-D", data, "-U", "handover", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], asOwner: true)
            try server.run(
                "pg_ctl",
                [
                    "-D", data, "-l", folder.appendingPathComponent("log").path, "-w", "-o",
                    "-p \(server.port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                    "start",
                ], asOwner: true)
            atexit { TestPostgres.stop() }
            return .success(server)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            return .failure(Unavailable(description: "\(error)"))
        }
    }

    private static func stop() {
        guard case .success(let server) = server else { return }
        try? server.run("pg_ctl", ["-D", server.folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"], asOwner: true)
        try? FileManager.default.removeItem(at: server.folder)
    }

    private static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Unavailable(description: "could not pick a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension TestPostgres.Server {
    func url(_ database: String) -> String { "postgres://handover@127.0.0.1:\(port)/\(database)?sslmode=disable" }

    /// `run` on a thread of its own: waiting for createdb on one of the few cooperative threads starved the tests
    /// running beside it, whose stores then missed their 10-second connect deadline.
    func runOffPool(_ program: String, _ arguments: [String]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread {
                do {
                    try self.run(program, arguments)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    /// Runs one of PostgreSQL's programs; as root, the server's programs run as `postgres`, which owns the folder.
    func run(_ program: String, _ arguments: [String], asOwner: Bool = false) throws {
        var command = [bin.appendingPathComponent(program).path] + arguments
        if asOwner, getuid() == 0 {
            guard getpwnam("postgres") != nil else {
                throw TestPostgres.Unavailable(description: "running as root and there is no postgres user to run the server as")
            }
            try chown(folder.path, "postgres")
            command = ["/usr/sbin/runuser", "-u", "postgres", "--"] + command
        }
        // posix_spawn and waitpid, not Foundation's Process: its waitUntilExit hung here once pg_ctl's server was
        // running. Output goes to a file, not a pipe, which the server would inherit and hold open.
        let outputPath = NSTemporaryDirectory() + "handover-trace-pg-\(UUID().uuidString).out"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, command[0], &actions, nil, &argv, environ) == 0 else {
            throw TestPostgres.Unavailable(description: "cannot run \(command[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw TestPostgres.Unavailable(description: "\(program) failed: \(text.split(separator: "\n").suffix(3).joined(separator: " / "))")
        }
    }

    private func chown(_ path: String, _ user: String) throws {
        guard let entry = getpwnam(user) else { return }
        Foundation.chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid)
    }
}
