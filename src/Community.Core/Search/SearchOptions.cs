using System.ComponentModel.DataAnnotations;

namespace Community.Core.Search;

/// <summary>Configuration section <c>Search</c>.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Where the index lives, relative to the data directory (Storage:DataDirectory) unless absolute.</summary>
    [Required]
    public string IndexPath { get; set; } = "search";
}
