namespace Community.Core.Email;

// Placeholder with the agreed signature until the mail branch lands; replaced by theirs on merge.
public static class MailQueue
{
    public static void Enqueue(Data.CommunityDbContext db, EmailMessage message, string? userId) => throw new NotSupportedException("The mail queue has not landed yet.");
}
