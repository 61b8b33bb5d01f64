using System.Text.Json.Serialization;

namespace ModelService.Functions.Http;

/// <summary>A v2 error body; <see cref="Id"/> echoes the infer request's own <c>id</c> when it had one.</summary>
public sealed record ErrorBody(string Error)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }
}
