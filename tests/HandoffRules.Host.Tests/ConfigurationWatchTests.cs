using Acme.Rules;
using HandoffRules.Host.Hosting;
using Microsoft.Extensions.Configuration;

namespace HandoffRules.Host.Tests;

/// <summary>
/// The host reads its configuration files once. The content root is the working folder, which also
/// holds the default event log: a file watcher there would wake on every write to the database.
/// </summary>
public sealed class ConfigurationWatchTests
{
    [Fact]
    public async Task The_host_does_not_watch_its_configuration_files()
    {
        var folder = Directory.CreateTempSubdirectory("handoff-config-watch-").FullName;
        try
        {
            await using var app = HandoffHost.Build(new HandoffHostSettings
            {
                Playbook = new AcmePlaybook().Build(),
                Urls = "http://127.0.0.1:0",
                Settings = new Dictionary<string, string?> { ["Handoff:Database"] = Path.Combine(folder, "handoff.db") },
            });

            var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();
            Assert.Contains(files, f => f.Source.Path == "appsettings.json");
            Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
