"""Operations: health and readiness endpoints for load balancers and orchestrators."""
