"""The seed's cost model: monthly cost ~ sum of requests x unit price + cache + egress."""
