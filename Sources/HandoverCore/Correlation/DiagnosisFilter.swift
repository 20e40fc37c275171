/// Which diagnoses a report or a session list keeps: some codes (every code when none is named), and perhaps
/// failures only. One definition for the CLI report, the API and the console.
public struct DiagnosisFilter: Sendable, Equatable {
    public var codes: Set<DiagnosisCode>
    public var failuresOnly: Bool

    public init(codes: Set<DiagnosisCode> = [], failuresOnly: Bool = false) {
        self.codes = codes
        self.failuresOnly = failuresOnly
    }

    public func keeps(_ code: DiagnosisCode) -> Bool {
        (codes.isEmpty || codes.contains(code)) && (!failuresOnly || code.entry.isFailure)
    }

    /// The codes that pass, or nil when every code does (nothing to narrow by).
    public var passingCodes: Set<DiagnosisCode>? {
        guard !codes.isEmpty || failuresOnly else { return nil }
        return Set(DiagnosisCode.allCases.filter(keeps))
    }
}
