using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelService.FunctionsHost.Bindings;
using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Http;

/// <summary>
/// What the InvocationRequest carries for a proxied HTTP trigger: an RpcHttp with only the route parameters (the
/// request itself goes over HTTP), and the trigger's binding data: route values, Query and Headers.
/// </summary>
internal static class HttpTriggerData
{
    public static TypedData Input(IReadOnlyDictionary<string, string> routeValues)
    {
        var http = new RpcHttp();
        foreach (var (name, value) in routeValues)
        {
            http.Params[name] = value;
            http.NullableParams[name] = new NullableString { Value = value };
        }

        return new TypedData { Http = http };
    }

    public static Dictionary<string, TypedData> Metadata(HttpRequest request, IReadOnlyDictionary<string, string> routeValues)
    {
        var metadata = new Dictionary<string, TypedData>(StringComparer.OrdinalIgnoreCase)
        {
            ["Query"] = TypedDataPayloads.Json(JsonSerializer.Serialize(request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()))),
            ["Headers"] = TypedDataPayloads.Json(JsonSerializer.Serialize(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()))),
        };
        foreach (var (name, value) in routeValues)
        {
            metadata[name] = TypedDataPayloads.String(value);
        }

        return metadata;
    }

    /// <summary>Route values as strings; an optional parameter that was left out is not a value.</summary>
    public static Dictionary<string, string> RouteValues(HttpRequest request) =>
        request.RouteValues
            .Where(v => v.Value is not null)
            .ToDictionary(v => v.Key, v => Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture)!, StringComparer.OrdinalIgnoreCase);
}
