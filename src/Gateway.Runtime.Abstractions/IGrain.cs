namespace Gateway.Runtime;

/// <summary>Marker for every grain interface.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key, as in Orleans.</summary>
public interface IGrainWithStringKey : IGrain;
