/// Where and how to deliver mail: relay address, TLS, credentials and timeouts.
public struct SMTPConfiguration: Sendable {
    /// How TLS is used.
    public enum TLSMode: Sendable, Hashable {
        /// Clear text only, never STARTTLS (a trusted local relay).
        case none
        /// STARTTLS when the server offers it, clear text otherwise (never with credentials unless
        /// `allowInsecureAuth`).
        case opportunistic
        /// STARTTLS, or fail with `.tlsFailed`.
        case required
        /// TLS from the first byte (SMTPS, usually port 465).
        case implicit
    }

    /// How the server certificate is checked.
    public enum CertificateVerification: Sendable, Hashable {
        /// Chain to a trusted root and name matching the host (or `serverName`).
        case full
        /// No check at all: only for tests against a throw-away certificate.
        case none
    }

    /// TLS settings used by STARTTLS and implicit TLS.
    public struct TLS: Sendable, Hashable {
        /// A PEM file of root certificates to trust instead of the system's (a private CA or a test certificate).
        public var trustRootsFile: String?
        /// Certificate checking.
        public var verification: CertificateVerification
        /// The name to verify and send as SNI when it differs from `host` (e.g. connecting by IP address).
        public var serverName: String?

        /// Creates TLS settings; the default trusts the system roots and verifies fully.
        public init(trustRootsFile: String? = nil, verification: CertificateVerification = .full, serverName: String? = nil) {
            self.trustRootsFile = trustRootsFile
            self.verification = verification
            self.serverName = serverName
        }
    }

    /// A SASL mechanism.
    public enum AuthMechanism: String, Sendable, Hashable {
        /// RFC 4616, one round trip.
        case plain = "PLAIN"
        /// The de-facto `LOGIN` mechanism (user name and password prompts).
        case login = "LOGIN"
    }

    /// Credentials for AUTH.
    public struct Credentials: Sendable, Hashable {
        /// The user name.
        public var username: String
        /// The password.
        public var password: String
        /// The mechanism to use; nil picks PLAIN, then LOGIN, among those the server offers.
        public var mechanism: AuthMechanism?

        /// Creates credentials.
        public init(username: String, password: String, mechanism: AuthMechanism? = nil) {
            self.username = username
            self.password = password
            self.mechanism = mechanism
        }
    }

    /// Time limits; each command gets its own.
    public struct Timeouts: Sendable, Hashable {
        /// Establishing the TCP connection.
        public var connect: Duration
        /// Waiting for the 220 greeting (and the implicit-TLS handshake).
        public var greeting: Duration
        /// Each command's reply (EHLO, STARTTLS with its handshake, AUTH, MAIL, RCPT, DATA, QUIT).
        public var command: Duration
        /// Sending the message body and receiving the reply to the final `.`, where servers run their filters.
        public var dataTermination: Duration

        /// Creates timeouts. The defaults are shorter than RFC 5321's (minutes) because the relay is near and an
        /// alert that waits ten minutes is better retried.
        public init(connect: Duration = .seconds(10), greeting: Duration = .seconds(30),
                    command: Duration = .seconds(30), dataTermination: Duration = .seconds(60)) {
            self.connect = connect
            self.greeting = greeting
            self.command = command
            self.dataTermination = dataTermination
        }
    }

    /// The relay's host name or IP address.
    public var host: String
    /// The relay's port (25, 587 submission, 465 implicit TLS).
    public var port: Int
    /// The name this client gives in EHLO/HELO (its own fully qualified host name).
    public var heloName: String
    /// How TLS is used.
    public var tlsMode: TLSMode
    /// TLS settings.
    public var tls: TLS
    /// Credentials, nil for no AUTH.
    public var credentials: Credentials?
    /// Allows AUTH over a clear-text connection; off by default because it would expose the password.
    public var allowInsecureAuth: Bool
    /// Time limits.
    public var timeouts: Timeouts

    /// Creates a configuration.
    public init(
        host: String,
        port: Int = 587,
        heloName: String,
        tlsMode: TLSMode = .required,
        tls: TLS = TLS(),
        credentials: Credentials? = nil,
        allowInsecureAuth: Bool = false,
        timeouts: Timeouts = Timeouts()
    ) {
        self.host = host
        self.port = port
        self.heloName = heloName
        self.tlsMode = tlsMode
        self.tls = tls
        self.credentials = credentials
        self.allowInsecureAuth = allowInsecureAuth
        self.timeouts = timeouts
    }

    /// `host:port`, as error messages name the server.
    var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
