namespace Community.Web;

/// <summary>
/// Marker for the UI texts. The Dutch text is the key (Dutch is the default language);
/// Resources/SharedResource.en.resx holds the English beside it.
/// </summary>
public sealed class SharedResource;
