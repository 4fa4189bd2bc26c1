pub use scf_interfaces::OracleError;
