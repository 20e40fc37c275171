/// The questions asked of `SessionLinks.all`, each a list of SELECTs of session ids to join with UNION. Values are
/// placeholders already bound by the caller.
extension SessionLinks {
    /// Sessions whose rows name `value` exactly: as their session id, or as a contact that belongs to them.
    static func sessions(naming value: String, _ dialect: any SQLDialect) -> [String] {
        own.map { $0.sessions(where: "\($0.key) = \(value)", dialect) } + sessions(withContact: value, dialect)
    }

    /// Sessions a contact centre's record with this id belongs to: recorded by id, the master of one recorded, or
    /// naming them.
    static func sessions(withContact value: String, _ dialect: any SQLDialect) -> [String] {
        contacts.flatMap { link -> [String] in
            guard let target = link.target, link.spawnsBelong, let master = target.master else {
                return [link.sessions(where: "\(link.key) = \(value)", dialect)]
            }
            let spawnedFrom = "(SELECT \(master) FROM \(target.table) WHERE \(target.id) = \(value))"
            return [link.sessions(where: "\(link.key) = \(value)", dialect), link.sessions(where: "\(link.key) = \(spawnedFrom)", dialect)]
        }
    }

    /// Sessions whose id starts with the text bound at `value`, `end` being the end of its prefix range.
    static func sessions(startingWith value: String, end: String, _ dialect: any SQLDialect) -> [String] {
        own.map { $0.sessions(where: "\($0.key) >= \(value) AND \($0.key) < \(end)", dialect) }
    }

    /// Sessions the records of `target` in the relation `records` (`ContactCentreTable.imported(after:)`) may belong
    /// to, the caller's included: what they change when they arrive.
    static func sessions(touchedBy records: String, in target: ContactCentreTable, _ dialect: any SQLDialect) -> [String] {
        let byRecord = contacts.filter { $0.target?.table == target.table }.flatMap { link in
            [link.sessions(where: "\(link.key) = \(records).id", from: records, dialect)]
                + (link.spawnsBelong ? [link.sessions(where: "\(link.key) = \(records).master", from: records, dialect)] : [])
        }
        return byRecord + callers.map { $0.sessions(where: "\($0.key) = \(records).caller_key", from: records, dialect) }
    }

    /// Sessions with own rows stored after their watermark, `mark` giving each watermark's placeholder.
    static func sessions(storedAfter mark: (DiagnosisRefresh.Mark) -> String, _ dialect: any SQLDialect) -> [String] {
        own.compactMap { link in link.events?.stored.map { link.sessions(where: "\($0.column) > \(mark($0.mark))", dialect) } }
    }

    /// Sessions of the caller whose key is bound at `value`.
    static func sessions(ofCaller value: String, _ dialect: any SQLDialect) -> [String] {
        callers.map { $0.sessions(where: "\($0.key) = \(value)", dialect) }
    }

    /// Each session's first event, within `only` (a condition on the session column) where given, one row per
    /// session and table: to be grouped again by session.
    static func firstEvents(only: String?, _ dialect: any SQLDialect) -> [String] {
        own.compactMap { link in
            guard let events = link.events else { return nil }
            let conditions = [link.condition(dialect), only.map { "\(link.session) \($0)" }].compactMap { $0 }
            return "SELECT \(link.session) AS session_id, MIN(\(events.at)) AS first_ms FROM \(events.from)"
                + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " GROUP BY \(link.session)"
        }
    }

    /// Sessions with an own row that arrived at or after the time bound at `value`.
    static func sessions(arrivedSince value: String, _ dialect: any SQLDialect) -> [String] {
        own.compactMap { link in link.events.map { link.sessions(where: "\($0.arrived) >= \(value)", dialect) } }
    }
}
