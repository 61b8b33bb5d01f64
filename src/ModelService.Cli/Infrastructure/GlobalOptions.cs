using System.CommandLine;

namespace ModelService.Cli.Infrastructure;

/// <summary>Options every command takes: where storage and the endpoint are, and whether to print JSON.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Storage = new("--storage")
    {
        Description = $"Storage connection string (default: ${CliSettings.StorageVariable}, else local Azurite).",
        Recursive = true,
    };

    public static readonly Option<string?> Endpoint = new("--endpoint")
    {
        Description = $"Service base URL (default: ${CliSettings.EndpointVariable}, else {CliSettings.DefaultEndpoint}).",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print machine-readable JSON on stdout.",
        Recursive = true,
    };

    public static CliSettings Read(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var storage = parseResult.GetValue(Storage) ?? Variable(CliSettings.StorageVariable) ?? CliSettings.DefaultStorage;
        var endpointText = parseResult.GetValue(Endpoint) ?? Variable(CliSettings.EndpointVariable) ?? CliSettings.DefaultEndpoint;
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw CliException.BadInput($"'{endpointText}' is not an http(s) URL.");
        }

        return new CliSettings(storage, endpoint, Variable(CliSettings.ApiKeyVariable), parseResult.GetValue(Json));
    }

    /// <summary>An environment variable set to nothing counts as unset.</summary>
    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
