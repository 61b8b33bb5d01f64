using System.Globalization;
using System.Text.RegularExpressions;
using ModelService.FunctionsHost.HostConfiguration;
using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Bindings;

/// <summary>
/// Binding expressions in output paths and queue names: %setting%, {rand-guid}, {DateTime} and any trigger
/// metadata value by name ({queueTrigger}, {id}, a route parameter), case-insensitive as in the real host.
/// </summary>
internal partial class BindingExpressions
{
    public static string Resolve(string template, IReadOnlyDictionary<string, TypedData> triggerMetadata, AppSettings settings)
    {
        var withSettings = settings.Resolve(template);
        return Expression().Replace(withSettings, match =>
        {
            var name = match.Groups[1].Value;
            if (string.Equals(name, "rand-guid", StringComparison.OrdinalIgnoreCase))
            {
                return Guid.NewGuid().ToString();
            }

            if (string.Equals(name, "DateTime", StringComparison.OrdinalIgnoreCase))
            {
                return DateTime.UtcNow.ToString("yyyy-MM-ddTHH-mm-ssZ", CultureInfo.InvariantCulture);
            }

            var value = triggerMetadata.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            return TypedDataPayloads.Text(value)
                ?? throw new InvalidOperationException($"No value for binding expression {{{name}}}.");
        });
    }

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Expression();
}
