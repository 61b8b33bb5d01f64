using System.Reflection;
using System.Runtime.Loader;

namespace ModelService.EndToEnd.Tests;

/// <summary>
/// A guard: every function the compiled app declares with [Function] is indexed by the worker and served by the
/// development host, so a function the host cannot serve (or that the worker fails to index) fails here by name.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FunctionCoverageTests
{
    private const string FunctionAttribute = "Microsoft.Azure.Functions.Worker.FunctionAttribute";

    private readonly EndToEndFixture _fixture;

    public FunctionCoverageTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Every_function_the_app_declares_is_served_by_the_host()
    {
        var declared = DeclaredFunctions();
        using var timeout = new CancellationTokenSource(EndToEndFixture.Timeout);

        var served = await _fixture.Host.ServedFunctionsAsync(timeout.Token);

        Assert.NotEmpty(declared);
        Assert.Empty(declared.Except(served, StringComparer.Ordinal));
        Assert.Empty(served.Except(declared, StringComparer.Ordinal));
    }

    /// <summary>The [Function] names in the built ModelService.Functions assembly, read in a context of its own.</summary>
    private static string[] DeclaredFunctions()
    {
        var directory = FunctionAppBuild.Directory;
        var context = new AssemblyLoadContext("function-app", isCollectible: true);
        context.Resolving += (loader, name) =>
        {
            var path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) ? loader.LoadFromAssemblyPath(path) : null;
        };
        try
        {
            var app = context.LoadFromAssemblyPath(Path.Combine(directory, "ModelService.Functions.dll"));
            return app.GetTypes()
                .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .SelectMany(method => method.GetCustomAttributesData())
                .Where(attribute => attribute.AttributeType.FullName == FunctionAttribute)
                .Select(attribute => (string)attribute.ConstructorArguments[0].Value!)
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        finally
        {
            context.Unload();
        }
    }
}
