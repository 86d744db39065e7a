using System.Globalization;

namespace Community.Web.Hubs;

/// <summary>
/// Who is connected to the chat on this server, and to which communities each connection listens: for the
/// connection limit per person, presence, and for taking a person out of a community's group the moment their
/// membership ends. In memory, per server (see README, "Chat on more than one server").
/// </summary>
public sealed class ChatConnections
{
    public sealed record Person(string UserId, string Name);

    private sealed class Connection(string userId, string name, CultureInfo culture)
    {
        public string UserId { get; } = userId;
        public string Name { get; } = name;
        public CultureInfo Culture { get; } = culture;
        public HashSet<int> Communities { get; } = [];
    }

    private readonly object _lock = new();
    private readonly Dictionary<string, Connection> _connections = [];
    private readonly Dictionary<string, HashSet<string>> _byUser = [];

    /// <summary>Registers a connection unless the person already has <paramref name="max"/> open.</summary>
    public bool TryAdd(string connectionId, string userId, string name, CultureInfo culture, int max)
    {
        lock (_lock)
        {
            if (!_byUser.TryGetValue(userId, out var set)) _byUser[userId] = set = [];
            if (set.Count >= max) return false;
            set.Add(connectionId);
            _connections[connectionId] = new Connection(userId, name, culture);
            return true;
        }
    }

    /// <summary>Forgets a connection; gives the communities where that was the person's last connection (presence changed).</summary>
    public IReadOnlyList<int> Remove(string connectionId)
    {
        lock (_lock)
        {
            if (!_connections.Remove(connectionId, out var c)) return [];
            if (_byUser.TryGetValue(c.UserId, out var set) && set.Remove(connectionId) && set.Count == 0) _byUser.Remove(c.UserId);
            return c.Communities.Where(id => !IsOnline(c.UserId, id)).ToList();
        }
    }

    public CultureInfo? CultureOf(string connectionId)
    {
        lock (_lock) return _connections.TryGetValue(connectionId, out var c) ? c.Culture : null;
    }

    public Person? PersonOf(string connectionId)
    {
        lock (_lock) return _connections.TryGetValue(connectionId, out var c) ? new Person(c.UserId, c.Name) : null;
    }

    /// <summary>Records the join; true when the person was not yet online in the community (presence changed).</summary>
    public bool Join(string connectionId, int communityId)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(connectionId, out var c)) return false;
            var wasOnline = IsOnline(c.UserId, communityId);
            c.Communities.Add(communityId);
            return !wasOnline;
        }
    }

    /// <summary>Records the leave; true when the connection had joined. <paramref name="personGone"/>: the person's last one there.</summary>
    public bool Leave(string connectionId, int communityId, out bool personGone)
    {
        lock (_lock)
        {
            personGone = false;
            if (!_connections.TryGetValue(connectionId, out var c) || !c.Communities.Remove(communityId)) return false;
            personGone = !IsOnline(c.UserId, communityId);
            return true;
        }
    }

    public bool Leave(string connectionId, int communityId) => Leave(connectionId, communityId, out _);

    /// <summary>Whether the person still has a connection in the community (call under the lock).</summary>
    private bool IsOnline(string userId, int communityId) =>
        _byUser.TryGetValue(userId, out var set) && set.Any(id => _connections.TryGetValue(id, out var x) && x.Communities.Contains(communityId));

    public bool HasJoined(string connectionId, int communityId)
    {
        lock (_lock) return _connections.TryGetValue(connectionId, out var c) && c.Communities.Contains(communityId);
    }

    /// <summary>The person's connections that listen to the community.</summary>
    public IReadOnlyList<string> ConnectionsIn(string userId, int communityId)
    {
        lock (_lock)
            return _byUser.TryGetValue(userId, out var set)
                ? set.Where(id => _connections[id].Communities.Contains(communityId)).ToList()
                : [];
    }

    public int CountFor(string userId)
    {
        lock (_lock) return _byUser.TryGetValue(userId, out var set) ? set.Count : 0;
    }

    /// <summary>Everyone with at least one connection listening to the community, by name.</summary>
    public IReadOnlyList<Person> Online(int communityId)
    {
        lock (_lock)
            return _connections.Values.Where(c => c.Communities.Contains(communityId))
                .Select(c => new Person(c.UserId, c.Name)).DistinctBy(p => p.UserId)
                .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }
}
