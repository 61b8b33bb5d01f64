using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Storage;

/// <summary>
/// Where the service's storage lives: a connection string (Azurite in development) or the account's service
/// endpoints, reached with a managed identity (Azure). Account keys are never used in Azure.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "ModelService:Storage";

    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty means DefaultAzureCredential's own choice.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Retries per storage call; interactive tools lower it so an unreachable account fails fast.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(1, 600)]
    public int NetworkTimeoutSeconds { get; set; } = 100;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && BlobServiceUri is null)
        {
            yield return new ValidationResult(
                "Set ModelService:Storage:ConnectionString (development) or ModelService:Storage:BlobServiceUri (Azure).",
                [nameof(ConnectionString), nameof(BlobServiceUri)]);
        }

        if (BlobServiceUri is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("BlobServiceUri must be an absolute URI.", [nameof(BlobServiceUri)]);
        }
    }
}
