using System.Text.RegularExpressions;

namespace ModelService.FunctionsHost.HostConfiguration;

/// <summary>
/// The app settings bindings refer to: the worker's environment as this host builds it. Resolves %name% in binding
/// properties and the storage connection a binding names, the way the real host reads app settings.
/// </summary>
internal partial class AppSettings
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly string _defaultStorage;

    public AppSettings(IReadOnlyDictionary<string, string> values, string defaultStorage)
    {
        _values = values;
        _defaultStorage = defaultStorage;
    }

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? Get(string name) =>
        _values.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);

    /// <summary>Replaces every %setting% with its value; an unknown setting is an error, as in the real host.</summary>
    public string Resolve(string text) => SettingReference().Replace(text, match =>
        Get(match.Groups[1].Value) ?? throw new InvalidOperationException($"App setting '{match.Groups[1].Value}' is not set."));

    /// <summary>
    /// The connection string for a binding's "connection" property: empty means AzureWebJobsStorage; otherwise the
    /// setting itself, then AzureWebJobs{name}, as the real host looks them up.
    /// </summary>
    public string StorageConnection(string? connection)
    {
        if (string.IsNullOrWhiteSpace(connection) || connection == DevelopmentHostOptions.StorageSettingName)
        {
            return _defaultStorage;
        }

        return Get(connection) ?? Get($"AzureWebJobs{connection}")
            ?? throw new InvalidOperationException($"Storage connection '{connection}' is not an app setting.");
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
