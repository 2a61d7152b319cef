using BenchmarkDotNet.Running;

// Every benchmark, or one class, or one method (the filter matches Namespace.Class.Method):
//   dotnet run -c Release --project benchmarks/Gateway.Benchmarks -- --filter '*'
//   dotnet run -c Release --project benchmarks/Gateway.Benchmarks -- --filter '*RemoteGrainCallBenchmarks*'
//   dotnet run -c Release --project benchmarks/Gateway.Benchmarks -- --list flat
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
