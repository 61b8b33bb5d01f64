using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using ModelService.Functions.Contracts;

namespace ModelService.Functions.Http;

/// <summary>Contract records as HTTP answers, serialized by the source-generated <see cref="FunctionsJsonContext"/>.</summary>
public static class JsonResults
{
    public static Utf8JsonResult Ok<T>(T value) => Create(value, StatusCodes.Status200OK);

    public static Utf8JsonResult Create<T>(T value, int statusCode, string? location = null) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>()), statusCode, location);

    public static T? Read<T>(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize(json, TypeInfo<T>());

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        FunctionsJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not in {nameof(FunctionsJsonContext)}: add it there.");
}
