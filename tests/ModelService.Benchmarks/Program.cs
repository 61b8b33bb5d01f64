using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ModelService.Benchmarks.BenchmarkEnvironment).Assembly).Run(args);
