namespace Community.Core.Common;

/// <summary>Turns an app path into the absolute URL put in mails.</summary>
public interface IPublicUrl
{
    string Absolute(string path);
}
