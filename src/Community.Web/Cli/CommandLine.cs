using Community.Core.Accounts;
using Community.Core.Admin;
using Community.Core.Common;
using Community.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Community.Web.Cli;

/// <summary>The web project doubles as the admin CLI: <c>dotnet run --project src/Community.Web -- &lt;verb&gt;</c>.</summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: dotnet run --project src/Community.Web -- <verb> [options]

        Verbs:
          migrate                         apply database migrations and exit
          seed-demo                       add demo municipalities, pilots and people (random passwords outside Development)
          create-admin --email <address>  make this account a platform admin (creates it, confirmed, if missing)
                       [--password <pw>]  the password for a new account (default: a random one, printed once)
          import-markdown <folder> --pilot <slug>
                                          import every .md file in the folder (and its subfolders) as a page of the
                                          pilot's wiki: title from front matter "title:", else the first "# " heading,
                                          else the file name; a page with that title gets a new revision
          reindex                         rebuild the search index from the database (a running server keeps
                                          answering from the old index until the new one is complete)
          help                            show this text

        Configuration comes from appsettings.json, environment variables (Database__Provider=PostgreSql, ...)
        and --Key=Value arguments, as for the web server.
        """;

    private static readonly string[] Verbs = ["migrate", "seed-demo", "create-admin", "import-markdown", "reindex", "help"];

    /// <summary>The verb if the first argument is one (or looks like one: a bare word); null to start the web server.</summary>
    public static string? FindVerb(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=') ? args[0] : null;

    public static async Task<int> RunAsync(WebApplication app, string verb, string[] args)
    {
        if (verb is "help" or "--help") { Console.WriteLine(Usage); return 0; }
        if (!Verbs.Contains(verb))
        {
            Console.Error.WriteLine($"Unknown verb '{verb}'.\n");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        try
        {
            using var scope = app.Services.CreateScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<CommunityDbContext>();
            switch (verb)
            {
                case "migrate":
                    return await MigrateAsync(db);
                case "seed-demo":
                    await db.Database.MigrateAsync();
                    var accounts = await sp.GetRequiredService<DemoSeeder>().SeedAsync(app.Environment.IsDevelopment(),
                        new Progress<string>(step => Console.WriteLine($"  seeded {step}")));
                    Console.WriteLine(accounts.Count == 0
                        ? "Demo content was already there; nothing added."
                        : $"Demo content added: {accounts.Count} accounts, 5 pilots." + (app.Environment.IsDevelopment()
                            ? $" Password for all: {DemoSeeder.DemoPassword}"
                            : " Passwords are random; use 'create-admin' or password reset to sign in."));
                    return 0;
                case "create-admin":
                    var email = Option(args, "--email");
                    if (email is null || !System.Net.Mail.MailAddress.TryCreate(email, out _))
                    {
                        Console.Error.WriteLine("create-admin needs --email <address>.\n");
                        Console.Error.WriteLine(Usage);
                        return 2;
                    }
                    await db.Database.MigrateAsync();
                    var (created, password) = await AdminService.CreateAdminAsync(sp.GetRequiredService<UserManager<User>>(), db,
                        sp.GetRequiredService<TimeProvider>(), email, Option(args, "--password"));
                    Console.WriteLine(created
                        ? $"Admin account {email} created." + (password is null ? "" : $" Temporary password (shown once): {password}")
                        : $"{email} is now a platform admin.");
                    return 0;
                case "import-markdown":
                    return await ImportMarkdownAsync(db, sp.GetRequiredService<Community.Core.Wiki.WikiService>(), args);
                case "reindex":
                    await db.Database.MigrateAsync();
                    return await ReindexCommand.RunAsync(db, sp.GetRequiredService<Community.Core.Search.SearchRebuilder>(),
                        sp.GetRequiredService<Community.Core.Search.ISearchIndex>());
            }
        }
        catch (RuleException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        return 2;
    }

    private static async Task<int> MigrateAsync(CommunityDbContext db)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        Console.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applying {pending.Count} migration(s):");
        foreach (var m in pending) Console.WriteLine($"  {m}");
        await db.Database.MigrateAsync();
        if (pending.Count > 0) Console.WriteLine("Done.");
        return 0;
    }

    private static async Task<int> ImportMarkdownAsync(CommunityDbContext db, Community.Core.Wiki.WikiService wiki, string[] args)
    {
        var folder = args.Length > 1 && !args[1].StartsWith('-') ? args[1] : null;
        var pilot = Option(args, "--pilot");
        if (folder is null || pilot is null)
        {
            Console.Error.WriteLine("import-markdown needs a folder and --pilot <slug>.\n");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (!Directory.Exists(folder))
        {
            Console.Error.WriteLine($"Folder '{folder}' does not exist.");
            return 2;
        }
        var paths = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (paths.Count == 0)
        {
            Console.WriteLine($"No .md files in {folder}; nothing imported.");
            return 0;
        }
        await db.Database.MigrateAsync();
        var files = new List<(string, string)>();
        foreach (var path in paths) files.Add((Path.GetRelativePath(folder, path), await File.ReadAllTextAsync(path)));
        Console.WriteLine($"Importing {files.Count} file(s) into the wiki of {pilot}:");
        var result = await wiki.ImportAsync(pilot, files, new ConsoleProgress());
        Console.WriteLine($"Done: {result.Created} new page(s), {result.Updated} updated, {result.Skipped} skipped.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length) return args[i + 1];
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return args[i][(name.Length + 1)..];
        }
        return null;
    }

    /// <summary>Prints each step as it happens (Progress&lt;T&gt; would post it to the thread pool, out of order and possibly after the summary).</summary>
    private sealed class ConsoleProgress : IProgress<string>
    {
        public void Report(string value) => Console.WriteLine("  " + value);
    }
}
