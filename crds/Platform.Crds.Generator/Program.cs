// Placeholder until the CRD pipeline lands; replaced by the generator entry point.
return 0;
