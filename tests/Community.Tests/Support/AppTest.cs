namespace Community.Tests.Support;

/// <summary>
/// The apps of one test class: one per database kind, started on first use and shared by the class's tests
/// (tests use unique names and addresses so they do not see each other's data).
/// </summary>
public class Apps : IAsyncLifetime
{
    private readonly Dictionary<Db, Task<AppFactory>> _apps = [];
    private readonly object _lock = new();

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual string Environment => "Testing";

    public Task<AppFactory> For(Db db)
    {
        lock (_lock)
        {
            if (!_apps.TryGetValue(db, out var app)) _apps[db] = app = AppFactory.CreateAsync(db, Environment, Settings);
            return app;
        }
    }

    public IEnumerable<AppFactory> Started
    {
        get
        {
            lock (_lock) return _apps.Values.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result).ToList();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in Started) await app.DisposeAsync();
    }
}

/// <summary>Base of the integration tests: shared apps per class, and every test fails when an app logged an error it did not expect.</summary>
public abstract class AppTest<TApps>(TApps apps) : IClassFixture<TApps>, IDisposable where TApps : Apps
{
    protected TApps Apps => apps;

    protected Task<AppFactory> App(Db db = Db.Sqlite) => apps.For(db);

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        foreach (var app in apps.Started) app.Logs.AssertNoErrors();
    }
}

public abstract class AppTest(Apps apps) : AppTest<Apps>(apps);
