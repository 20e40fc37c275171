/// One way a stored row names the bot session it belongs to: the row's table, the column that holds the session id,
/// and the column it links by. `SessionLinks.all` lists every such way, once; the join's sessions, the diagnosis
/// refresh's change detection, session lookup, search and erasure are derived from that list, so a new link (or a
/// new platform's table) is one entry there.
package struct SessionLink: Sendable {
    package enum Kind: Sendable {
        /// The session's own record: `key` is the session id itself.
        case own(Events)
        /// A contact centre's id the bot recorded; records spawned from it (whose master it is) belong too.
        case recordedContact(ContactCentreTable)
        /// A contact centre's record that names the session (CXone's custom data, a Genesys participant attribute).
        case namingContact(ContactCentreTable)
        /// The caller's number (`CallerKey`): a record from it within the match window belongs, when it is the only one.
        case caller
    }

    /// Where an own record's time is, and how the rows stored since a diagnosis refresh are found.
    package struct Events: Sendable {
        /// The FROM clause: the table, joined to another where the time is kept there.
        let from: String
        /// When the record happened.
        let at: String
        /// An indexed time never much later than `at`, to narrow a time window through.
        let arrived: String
        /// The column and watermark of rows stored since the last refresh; nil where rows arrive with a contact.
        let stored: (column: String, mark: DiagnosisRefresh.Mark)?
    }

    let table: String
    let kind: Kind
    /// The column that holds the session id, and the one the row links by.
    let sessionColumn: String, keyColumn: String
    /// What else a row must satisfy to link, qualified; nil when every row does.
    let condition: @Sendable (any SQLDialect) -> String?

    init(_ table: String, _ kind: Kind, session: String = "session_id", key: String, when condition: String? = nil) {
        self.init(table, kind, session: session, key: key) { _ in condition }
    }

    init(_ table: String, _ kind: Kind, session: String, key: String, when condition: @escaping @Sendable (any SQLDialect) -> String?) {
        self.table = table
        self.kind = kind
        self.sessionColumn = session
        self.keyColumn = key
        self.condition = condition
    }

    /// The session id, qualified by the table.
    var session: String { "\(table).\(sessionColumn)" }
    /// What the row links by, qualified by the table.
    var key: String { "\(table).\(keyColumn)" }

    var events: Events? {
        if case .own(let events) = kind { return events }
        return nil
    }

    var isContact: Bool {
        switch kind {
        case .recordedContact, .namingContact: true
        case .own, .caller: false
        }
    }

    /// The contact centre's table this link reaches, for a contact link.
    var target: ContactCentreTable? {
        switch kind {
        case .recordedContact(let target), .namingContact(let target): target
        case .own, .caller: nil
        }
    }

    /// Records spawned from a recorded one belong too, where the platform keeps a master id.
    var spawnsBelong: Bool {
        if case .recordedContact(let target) = kind { return target.master != nil }
        return false
    }

    var isCaller: Bool {
        if case .caller = kind { return true }
        return false
    }

    /// `SELECT session FROM table WHERE key <linking> AND condition`, with `extra` joined before the table.
    func sessions(where linking: String, from extra: String? = nil, _ dialect: any SQLDialect) -> String {
        let source = extra.map { "\($0) JOIN \(table) ON \(linking)" } ?? (events?.from ?? table)
        let conditions = (extra == nil ? [linking] : []) + [condition(dialect)].compactMap { $0 }
        return "SELECT \(session) FROM \(source)" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
    }
}

package enum SessionLinks {
    /// Every link, the session's own records first.
    static let all: [SessionLink] = [
        SessionLink("snapshot", .own(snapshotEvents("snapshot", .snapshotId)), key: "session_id"),
        SessionLink(
            "handover_attempt", .own(snapshotEvents("handover_attempt", .attemptId)), key: "session_id",
            when: "handover_attempt.session_id IS NOT NULL"),
        SessionLink("cognigy_session", .own(cognigyEvents("cognigy_session", at: "started_at_ms")), key: "session_id"),
        SessionLink("cognigy_message", .own(cognigyEvents("cognigy_message", at: "at_ms")), key: "session_id"),
        SessionLink("cxone_custom_data", .own(customDataEvents), session: "value", key: "value") { dialect in
            namesASession("cxone_custom_data.name", dialect)
        },
        SessionLink(
            "genesys_conversation", .own(conversationEvents), session: "named_session_id", key: "named_session_id",
            when: "genesys_conversation.named_session_id IS NOT NULL"),
        SessionLink("snapshot", .recordedContact(.cxone), key: "contact_id"),
        SessionLink("snapshot", .recordedContact(.cxone), key: "spawned_contact_id"),
        SessionLink("snapshot", .recordedContact(.cxone), key: "master_contact_id"),
        SessionLink("handover_attempt", .recordedContact(.cxone), key: "contact_id", when: "handover_attempt.session_id IS NOT NULL"),
        SessionLink("cognigy_message", .recordedContact(.cxone), key: "contact_id"),
        SessionLink("cognigy_message", .recordedContact(.cxone), key: "spawned_contact_id"),
        SessionLink("cxone_custom_data", .namingContact(.cxone), session: "value", key: "contact_id", when: customDataNamesASession),
        SessionLink("snapshot", .recordedContact(.genesys), key: "genesys_conversation_id"),
        SessionLink(
            "genesys_conversation", .namingContact(.genesys), session: "named_session_id", key: "conversation_id",
            when: "genesys_conversation.named_session_id IS NOT NULL"),
        SessionLink("snapshot", .caller, key: "caller_key"),
        SessionLink("cognigy_session", .caller, key: "caller_key"),
    ]

    /// CXone's records of one contact, each keyed by `contact_id`: erasing a contact removes these (Genesys keeps a
    /// conversation in one row of its target table).
    static let contactRecords = ["cxone_contact_state", "cxone_custom_data", "cxone_contact"]
    /// What the store derives from a session's records, keyed by `session_id`.
    static let derivedRecords = ["session_diagnosis", "session_term"]

    static var own: [SessionLink] { all.filter { $0.events != nil } }
    static var contacts: [SessionLink] { all.filter(\.isContact) }
    static var callers: [SessionLink] { all.filter(\.isCaller) }

    /// Custom data alone makes a session when its name mentions one, in any case.
    static func namesASession(_ column: String, _ dialect: any SQLDialect) -> String {
        dialect.caseBlindLike(column, "'%session%'")
    }

    /// A contact's custom data names a session when its name says so, or when its value is a session some other
    /// table holds (the join attaches custom data by value, whatever its name).
    @Sendable static func customDataNamesASession(_ dialect: any SQLDialect) -> String {
        let held = own.filter { $0.table != "cxone_custom_data" }
            .map { "EXISTS (SELECT 1 FROM \($0.table) held WHERE held.\($0.sessionColumn) = cxone_custom_data.value)" }
        return "(" + ([namesASession("cxone_custom_data.name", dialect)] + held).joined(separator: " OR ") + ")"
    }

    private static func snapshotEvents(_ table: String, _ mark: DiagnosisRefresh.Mark) -> SessionLink.Events {
        SessionLink.Events(
            from: table, at: "COALESCE(\(table).occurred_at_ms, \(table).received_at_ms)", arrived: "\(table).received_at_ms",
            stored: ("\(table).id", mark))
    }

    private static func cognigyEvents(_ table: String, at: String) -> SessionLink.Events {
        SessionLink.Events(from: table, at: "\(table).\(at)", arrived: "\(table).\(at)", stored: ("\(table).imported_at_ms", .cognigyImported))
    }

    /// Rows arrive with their conversation, found as the contacts' are (`sessions(touchedBy:)`).
    private static let conversationEvents = SessionLink.Events(
        from: "genesys_conversation", at: "genesys_conversation.started_at_ms", arrived: "genesys_conversation.started_at_ms", stored: nil)

    private static let customDataEvents = SessionLink.Events(
        from: "cxone_custom_data LEFT JOIN cxone_contact ON cxone_contact.contact_id = cxone_custom_data.contact_id",
        at: "cxone_contact.started_at_ms", arrived: "cxone_contact.started_at_ms", stored: nil)
}

/// A contact centre's table of calls, as the session links reach it: CXone's contacts, Genesys Cloud's conversations.
package struct ContactCentreTable: Sendable {
    let table: String
    /// The record's id, and the id of the record it was spawned from where the platform keeps one.
    let id: String, master: String?

    static let cxone = ContactCentreTable(table: "cxone_contact", id: "contact_id", master: "master_contact_id")
    static let genesys = ContactCentreTable(table: "genesys_conversation", id: "conversation_id", master: nil)
    static let all = [cxone, genesys]

    /// The records imported after the time bound at `value`, as a relation of `id`, `master` and `caller_key`.
    func imported(after value: String) -> String {
        "SELECT \(id) AS id, \(master ?? "NULL") AS master, caller_key FROM \(table) WHERE imported_at_ms > \(value)"
    }
}
