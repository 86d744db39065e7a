namespace Community.Core.Data;

/// <summary>The absolute data directory (App_Data by default) that SQLite, mail files and the search index share.</summary>
public sealed class DataPaths(string root)
{
    public string Root { get; } = root;

    public string Resolve(string relative) => Path.GetFullPath(Path.Combine(Root, relative));
}
