using Community.Web.Cli;
using Community.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
var verb = CommandLine.FindVerb(args);
if (verb is not null) builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddCommunityServices();
var app = builder.Build();

if (verb is not null) return await CommandLine.RunAsync(app, verb, args);

await app.PrepareDatabaseAsync();
app.UseCommunityPipeline();
await app.RunAsync();
return 0;

/// <summary>Entry point marker for WebApplicationFactory in the tests.</summary>
public partial class Program;
