using EcsNic.Core.Bulk;

namespace EcsNic.Core.Session;

/// <summary>
/// The defaults that Connect-EcsCloud sets and Disconnect-EcsCloud clears, and the shared client cache. There is one
/// per process (<see cref="Default"/>), shared by every runspace, so that ForEach-Object -Parallel sees the connection
/// and reuses its HTTP connections.
/// </summary>
public sealed class EcsSession
{
    private readonly object _gate = new();
    private SessionSnapshot _snapshot = SessionSnapshot.Empty;
    private EcsConnectionInfo? _connection;

    /// <summary>Creates a session; the module uses <see cref="Default"/>, tests make their own.</summary>
    public EcsSession(EcsClientCache? clients = null, BulkKeyCoordinator? keyCoordinator = null)
    {
        Clients = clients ?? new EcsClientCache();
        KeyCoordinator = keyCoordinator ?? new BulkKeyCoordinator();
    }

    /// <summary>The process-wide session.</summary>
    public static EcsSession Default { get; } = new();

    /// <summary>The store the credential chain's session provider reads; always reflects the current defaults.</summary>
    public Auth.SessionCredentialStore Store { get; } = new();

    /// <summary>The clients shared by cmdlet calls.</summary>
    public EcsClientCache Clients { get; }

    /// <summary>
    /// Orders the bulk calls of every cmdlet of the session by NIC and virtual IP, so that cmdlets running at once (a
    /// pipeline <c>Set-EcsNicVirtualIp | Remove-EcsNicVirtualIp</c>, or jobs in one process) never update one port together.
    /// </summary>
    public BulkKeyCoordinator KeyCoordinator { get; }

    /// <summary>
    /// The server and NIC IDs of the NIC records emitted in this session, for tab completion. Cleared by Connect and
    /// Disconnect, since a new connection may be another account.
    /// </summary>
    public RecentResources Recent { get; } = new();

    /// <summary>What the last Connect-EcsCloud set, or null.</summary>
    public EcsConnectionInfo? Connection
    {
        get { lock (_gate) return _connection; }
    }

    /// <summary>The current defaults.</summary>
    public SessionSnapshot Snapshot()
    {
        lock (_gate) return _snapshot;
    }

    /// <summary>
    /// Replaces the defaults (nothing of the previous connection is kept) and drops cached clients, whose credentials
    /// or project may no longer apply.
    /// </summary>
    public void Connect(SessionSnapshot defaults, EcsConnectionInfo connection)
    {
        lock (_gate)
        {
            var credentials = defaults.Credentials;
            if (credentials is not null && defaults.ProjectId is not null && credentials.ProjectId is null)
                credentials = credentials.WithProjectId(defaults.ProjectId);
            // The credentials carry the project together with the region it was given for (Credentials.Region, set by the
            // session provider), and a client for another region looks its own project up.
            _snapshot = new SessionSnapshot(credentials, defaults.Region, defaults.Endpoint, defaults.ProjectId, defaults.ProfileName,
                defaults.IamEndpoint);
            _connection = connection;
            Store.Current = credentials;
            Store.Region = defaults.Region;
            Clients.Clear();
            Recent.Clear();
        }
    }

    /// <summary>Clears the defaults and drops cached clients; returns what was connected, or null.</summary>
    public EcsConnectionInfo? Disconnect()
    {
        lock (_gate)
        {
            var previous = _connection;
            _snapshot = SessionSnapshot.Empty;
            _connection = null;
            Store.Current = null;
            Store.Region = null;
            Clients.Clear();
            Recent.Clear();
            return previous;
        }
    }
}
