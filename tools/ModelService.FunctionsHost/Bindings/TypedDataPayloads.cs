using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelService.FunctionsHost.Protocol.Grpc;
using DataCase = ModelService.FunctionsHost.Protocol.Grpc.TypedData.DataOneofCase;

namespace ModelService.FunctionsHost.Bindings;

/// <summary>Turns the values a worker returns for output bindings into what storage takes.</summary>
internal static class TypedDataPayloads
{
    /// <summary>Queue messages: one per value, one per element for collections and JSON arrays.</summary>
    public static IReadOnlyList<BinaryData> Messages(TypedData? data)
    {
        if (data is null)
        {
            return [];
        }

        return data.DataCase switch
        {
            DataCase.String => [BinaryData.FromString(data.String)],
            DataCase.Json => JsonMessages(data.Json),
            DataCase.Bytes => [BinaryData.FromBytes(data.Bytes.Memory)],
            DataCase.Stream => [BinaryData.FromBytes(data.Stream.Memory)],
            DataCase.Int => [BinaryData.FromString(data.Int.ToString(CultureInfo.InvariantCulture))],
            DataCase.Double => [BinaryData.FromString(data.Double.ToString(CultureInfo.InvariantCulture))],
            DataCase.CollectionString => data.CollectionString.String.Select(BinaryData.FromString).ToArray(),
            DataCase.CollectionBytes => data.CollectionBytes.Bytes.Select(b => BinaryData.FromBytes(b.Memory)).ToArray(),
            _ => [],
        };
    }

    /// <summary>A blob's content; null when the function left the binding unset.</summary>
    public static BinaryData? Content(TypedData? data) => data?.DataCase switch
    {
        DataCase.String => BinaryData.FromString(data.String),
        DataCase.Json => BinaryData.FromString(data.Json),
        DataCase.Bytes => BinaryData.FromBytes(data.Bytes.Memory),
        DataCase.Stream => BinaryData.FromBytes(data.Stream.Memory),
        DataCase.Int => BinaryData.FromString(data.Int.ToString(CultureInfo.InvariantCulture)),
        DataCase.Double => BinaryData.FromString(data.Double.ToString(CultureInfo.InvariantCulture)),
        _ => null,
    };

    /// <summary>A value as text for binding expressions ({name} in a blob path); strings unquoted.</summary>
    public static string? Text(TypedData? data) => data?.DataCase switch
    {
        DataCase.String => data.String,
        DataCase.Json => JsonText(data.Json),
        DataCase.Int => data.Int.ToString(CultureInfo.InvariantCulture),
        DataCase.Double => data.Double.ToString(CultureInfo.InvariantCulture),
        DataCase.Bytes => Encoding.UTF8.GetString(data.Bytes.Span),
        _ => null,
    };

    public static TypedData String(string value) => new() { String = value };

    public static TypedData Json(string value) => new() { Json = value };

    private static BinaryData[] JsonMessages(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            return [BinaryData.FromString(root.ValueKind == JsonValueKind.String ? root.GetString()! : json)];
        }

        return root.EnumerateArray()
            .Select(e => BinaryData.FromString(e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()))
            .ToArray();
    }

    private static string JsonText(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString()! : json;
    }
}
