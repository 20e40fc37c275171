import Foundation
import HandoverCore
import HandoverStore
import Hummingbird

/// The web console on the server's own port: overview, sessions, one session's two lanes, the validator, the
/// codes, a live view, and sign-in when API keys are configured. Server-rendered; works without JavaScript.
struct ConsoleController<Context: RemoteAddressRequestContext> {
    let store: any TraceStore
    let templates: ConsoleTemplates
    let assets: ConsoleAssets
    let auth: ConsoleAuth
    let failures: AuthFailureGuard
    let feed: LiveFeed

    init(store: any TraceStore, templates: ConsoleTemplates, auth: ConsoleAuth, failures: AuthFailureGuard, feed: LiveFeed) throws {
        self.store = store
        self.templates = templates
        self.assets = try ConsoleAssets()
        self.auth = auth
        self.failures = failures
        self.feed = feed
    }

    func addRoutes(to router: Router<Context>) {
        assets.addRoutes(to: router)
        router.on(Routes.overviewPage, use: overview)
        router.on(Routes.sessionsPage, use: sessions)
        router.on(Routes.sessionPage, use: session)
        router.on(Routes.validatePage, use: validateForm)
        router.on(Routes.validateForm, use: validate)
        router.on(Routes.codesPage, use: codes)
        router.on(Routes.livePage, use: live)
        router.on(Routes.loginPage, use: loginForm)
        router.on(Routes.login, use: login)
        router.on(Routes.logout, use: logout)
        router.on(Routes.stream, use: stream)
        router.on(Routes.packet, use: packet)
    }

    func signedIn(_ request: Request) -> Bool { auth.required && auth.hasValidCookie(request) }

    @Sendable func overview(_ request: Request, context: Context) async throws -> Response {
        let windows = [("hour", "in the last hour", 3_600.0), ("day", "in the last 24 hours", 86_400), ("week", "in the last 7 days", 604_800)]
        let window = try request.queryParameters()["window"].map(String.init)
        let chosen = windows.first { $0.0 == window } ?? windows[1]
        let now = Date()
        let since = now.addingTimeInterval(-chosen.2)
        let current = try await store.refreshDiagnoses(waitingAtMost: SessionSearch.refreshWait)
        let stored = try await store.diagnosisOverview(since: since, recent: 10)
        let summary = OverviewCounts(stored)
        var chart = FailureChart(start: since, end: now)
        stored.failureTimes.forEach { chart.add($0) }
        let activity = try await store.activity()
        let top = max(1, summary.rows.map(\.count).max() ?? 1)
        let model = ConsoleViews.Overview(
            signedIn: signedIn(request), windowLabel: chosen.1,
            windows: windows.map { .init(key: $0.0, label: $0.1.replacingOccurrences(of: "in the ", with: ""), current: $0.0 == chosen.0) },
            lastIngested: ConsoleViews.time(activity.lastIngested), lastFetched: ConsoleViews.time(activity.lastFetched),
            lastCognigyImport: ConsoleViews.time(activity.lastCognigyImport),
            sources: try await store.sourceStatuses().map { ConsoleViews.SourceRow($0) },
            total: summary.total, failures: summary.failures, pending: summary.pending, handedOver: summary.counts[.handedOver] ?? 0,
            chart: chart.svg(),
            counts: summary.rows.map {
                .init(
                    code: $0.code.rawValue, count: $0.count, percent: 100 * $0.count / top,
                    kind: ConsoleViews.kind($0.code), since: "\(Int(chosen.2 / 3600))h")
            },
            recent: stored.recentFailures.map { .init(startedAt: ConsoleViews.time($0.startedAt), sessionId: $0.sessionId, code: $0.code.rawValue) },
            olderHistory: summary.total == 0 ? Self.olderHistory(stored.newestStart, window: chosen.1, now: now) : nil,
            diagnosesPending: !current)
        return templates.page("overview", model)
    }

    /// Where the newest session is when the chosen window holds none: the week's overview if it is in it, else the
    /// session list from that day on.
    static func olderHistory(_ newest: Date?, window: String, now: Date) -> ConsoleViews.OlderHistory? {
        guard let newest else { return nil }
        let started = ConsoleViews.time(newest)
        if now.timeIntervalSince(newest) < 604_800 {
            return .init(window: window, newestStart: started, href: "/?window=week", label: "Show the last 7 days")
        }
        let day = String(Timestamps.format(newest).prefix(10))
        return .init(window: window, newestStart: started, href: "/sessions?since=\(day)", label: "Show the sessions since \(day)")
    }

    @Sendable func sessions(_ request: Request, context: Context) async throws -> Response {
        let parameters = try request.queryParameters()
        let text = { (name: String) in parameters[Substring(name)].map(String.init) ?? "" }
        let query = try SessionListQuery(parameters, blankMeansAbsent: true)
        let page = try await SessionSearch(store: store).page(query.search)
        let filterQuery = ["q", "code", "since", "until", "order", "failuresOnly"].compactMap { name -> String? in
            let value = text(name)
            return value.isEmpty ? nil : "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        let rows = page.reports.map { report in
            ConsoleViews.SessionRow(
                startedAt: ConsoleViews.time(report.startedAt), sessionId: report.sessionId,
                contacts: report.contactIds.joined(separator: ", "), code: report.diagnosis.code.rawValue,
                kind: ConsoleViews.kind(report.diagnosis.code), summary: report.diagnosis.shownSummary)
        }
        let model = ConsoleViews.Sessions(
            signedIn: signedIn(request), q: text("q"),
            codes: DiagnosisCode.allCases.map { .init(code: $0.rawValue, selected: query.diagnoses.codes.contains($0)) },
            since: text("since"), until: text("until"), oldestFirst: query.oldestFirst, failuresOnly: query.diagnoses.failuresOnly,
            filterQuery: filterQuery, rows: rows,
            nextLink: page.nextCursor.map { "/sessions?" + (filterQuery.isEmpty ? "" : filterQuery + "&") + "cursor=\($0)" },
            diagnosesPending: page.diagnosesPending)
        return templates.page("sessions", model)
    }

    @Sendable func session(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.requireDecoded("id")
        guard let found = try await store.session(matching: id) else {
            // The search page, searching for the id and finding nothing, says so and offers the next search.
            let empty = ConsoleViews.Sessions(
                signedIn: signedIn(request), q: id, codes: DiagnosisCode.allCases.map { .init(code: $0.rawValue, selected: false) },
                since: "", until: "", oldestFirst: false, failuresOnly: false, filterQuery: "", rows: [], nextLink: nil, diagnosesPending: false)
            return templates.page("sessions", empty, status: .notFound)
        }
        let snapshots = try await store.snapshots(sessionId: found.sessionId, limit: 1_000)
        let attempts = try await store.handoverAttempts(sessionId: found.sessionId, limit: 1_000)
        let model = SessionDetailPage.model(
            found, settlement: try await store.settlement(), snapshots: snapshots, attempts: attempts, signedIn: signedIn(request))
        return templates.page("session", model)
    }

    /// `GET /validate?payload=...` judges at once, so a verdict can be shared as a link.
    @Sendable func validateForm(_ request: Request, context: Context) async throws -> Response {
        guard let payload = try request.queryParameters()["payload"].map(String.init), !payload.isEmpty else {
            return templates.page("validate", ValidatorPage.empty(signedIn: signedIn(request)))
        }
        return templates.page("validate", ValidatorPage.judge(payload, signedIn: signedIn(request)))
    }

    @Sendable func validate(_ request: Request, context: Context) async throws -> Response {
        let form = try await request.body.collect(upTo: 262_144)
        let fields = (try? BodyDecoder().decodeObject(Array(buffer: form), as: .form)) ?? [:]
        let payload = fields["payload"]?.stringValue ?? ""
        return templates.page("validate", ValidatorPage.judge(payload, signedIn: signedIn(request)))
    }

    @Sendable func codes(_ request: Request, context: Context) async throws -> Response {
        let entries = DiagnosisCatalogue.all.enumerated().map { position, entry in
            ConsoleViews.CodeEntry(
                position: position + 1, code: entry.code.rawValue, kind: ConsoleViews.kind(entry.code),
                meaning: entry.meaning, evidence: entry.evidence, action: entry.action)
        }
        return templates.page("codes", ConsoleViews.Codes(signedIn: signedIn(request), codes: entries))
    }

    @Sendable func live(_ request: Request, context: Context) async throws -> Response {
        templates.page("live", ConsoleViews.Live(signedIn: signedIn(request)))
    }

    @Sendable func loginForm(_ request: Request, context: Context) async throws -> Response {
        let next = SignInTarget.sanitised(try request.queryParameters()["next"].map(String.init))
        return templates.page("login", ConsoleViews.Login(signedIn: false, failed: false, next: next, refusal: nil))
    }

    @Sendable func login(_ request: Request, context: Context) async throws -> Response {
        let form = try await request.body.collect(upTo: 16_384)
        let fields = (try? BodyDecoder().decodeObject(Array(buffer: form), as: .form)) ?? [:]
        let target = SignInTarget.sanitised(fields["next"]?.stringValue)
        let secure = failures.trust.isHTTPS(request, peer: context.peerAddress)
        let lockout = failures.lockout(request, context: context)
        if lockout == nil, let key = fields["key"]?.stringValue, let token = auth.signIn(key) {
            return ConsoleAuth.redirect(to: target, cookie: auth.cookieHeader(token, secure: secure))
        }
        let refusal = lockout ?? failures.refuse(.unauthorized, reason: "wrong_sign_in_key", request: request, context: context)
        let limited = refusal.status == .tooManyRequests ? refusal.message : nil
        var page = templates.page("login", ConsoleViews.Login(signedIn: false, failed: true, next: target, refusal: limited), status: refusal.status)
        page.headers.append(contentsOf: refusal.headers)
        return page
    }

    @Sendable func logout(_ request: Request, context: Context) async throws -> Response {
        auth.signOut(request)
        return ConsoleAuth.redirect(
            to: "/login", cookie: ConsoleAuth.signOutHeader(secure: failures.trust.isHTTPS(request, peer: context.peerAddress)))
    }

    @Sendable func stream(_ request: Request, context: Context) async throws -> Response {
        let messages = feed.subscribe()
        let body = ResponseBody { writer in
            for await message in messages { try await writer.write(ByteBuffer(string: message)) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    @Sendable func packet(_ request: Request, context: Context) async throws -> Response {
        let id = try context.parameters.requireDecoded("id")
        guard let packet = try await IncidentPacket.files(for: id, store: store) else {
            throw APIError(.notFound, code: "SESSION_NOT_FOUND", message: "No bot session or contact \(id).")
        }
        let name = "incident-\(packet.sessionId.filter { $0.isLetter || $0.isNumber || $0 == "-" }).zip"
        return Response(
            status: .ok, headers: [.contentType: "application/zip", .contentDisposition: "attachment; filename=\"\(name)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: try IncidentPacket.zip(packet.files))))
    }
}
