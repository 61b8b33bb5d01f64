using BenchmarkDotNet.Running;
using ModelService.Benchmarks;

if (args is [InterleavedConvTiming.Command])
{
    InterleavedConvTiming.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEnvironment).Assembly).Run(args);
