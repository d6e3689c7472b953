"""Records-management plans shipped with arkki (data files; see ``metadata.plan``).

``sample_tos.yaml`` is a SAMPLE (ESIMERKKI / EXEMPEL), not an official plan of any agency.
"""
