using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace ModelService.Functions.Http;

/// <summary>The protocol extensions' bodies (config, statistics, repository) use snake_case names, as Triton's do.</summary>
public static class SnakeCaseJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static IActionResult Ok<T>(T value) => new Utf8JsonResult(JsonSerializer.SerializeToUtf8Bytes(value, Options));
}
