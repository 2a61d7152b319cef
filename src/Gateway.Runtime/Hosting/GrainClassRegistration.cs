namespace Gateway.Runtime.Hosting;

/// <summary>One AddGrain call: which class serves which grain interface, under which grain type name.</summary>
internal sealed record GrainClassRegistration(string GrainType, Type InterfaceType, Type ClassType);
