namespace ModelService.Cli.Infrastructure;

/// <summary>Where the CLI's storage and endpoint are, from options or the environment.</summary>
public sealed record CliSettings(string Storage, Uri Endpoint, string? ApiKey, bool Json)
{
    public const string StorageVariable = "MODELSVC_STORAGE";
    public const string EndpointVariable = "MODELSVC_ENDPOINT";
    public const string ApiKeyVariable = "MODELSVC_API_KEY";
    public const string DefaultStorage = "UseDevelopmentStorage=true";
    public const string DefaultEndpoint = "http://127.0.0.1:7071";
}
