using ModelService.FunctionsHost.HostConfiguration;

namespace ModelService.FunctionsHost.Functions;

/// <summary>
/// Functions an app setting turns off, as the real host reads them: <c>AzureWebJobs.&lt;name&gt;.Disabled</c> set to
/// true (or 1). A disabled function gets no trigger: no queue listener, and its HTTP route answers 404. One app can so
/// run as two, e.g. the HTTP front end without the usage ledger and the ledger on its own instances.
/// </summary>
internal static class DisabledFunctions
{
    public static string SettingName(string function) => $"AzureWebJobs.{function}.Disabled";

    public static bool IsDisabled(AppSettings settings, string function) =>
        settings.Get(SettingName(function))?.Trim() is { } value
        && (value == "1" || (bool.TryParse(value, out var disabled) && disabled));

    public static IReadOnlyList<FunctionDescriptor> Enabled(IEnumerable<FunctionDescriptor> functions, AppSettings settings) =>
        functions.Where(f => !IsDisabled(settings, f.Name)).ToArray();
}
